var R=require("../../../chunks/[turbopack]_runtime.js")("server/app/api/config/route.js")
R.c("server/chunks/[externals]__0p8m6jjbyu3gf._.js")
R.c("server/chunks/[root-of-the-server]__16c2swm-0lnz2._.js")
R.c("server/chunks/_10s9tyeasgb0i._.js")
R.c("server/chunks/_next-internal_server_app_api_config_route_actions_mjs_0updj_1g8m17x._.js")
R.m(51284)
module.exports=R.m(51284).exports
