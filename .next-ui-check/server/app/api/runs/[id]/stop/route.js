var R=require("../../../../../chunks/[turbopack]_runtime.js")("server/app/api/runs/[id]/stop/route.js")
R.c("server/chunks/[externals]__218endawi0ue4._.js")
R.c("server/chunks/_1_nquw-astjsc._.js")
R.c("server/chunks/[root-of-the-server]__16c2swm-0lnz2._.js")
R.c("server/chunks/[root-of-the-server]__0w3mkgu58-7bv._.js")
R.c("server/chunks/_next-internal_server_app_api_runs_[id]_stop_route_actions_mjs_0_tk0iax44qg7._.js")
R.m(68112)
module.exports=R.m(68112).exports
