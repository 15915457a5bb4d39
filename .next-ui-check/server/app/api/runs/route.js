var R=require("../../../chunks/[turbopack]_runtime.js")("server/app/api/runs/route.js")
R.c("server/chunks/[externals]__218endawi0ue4._.js")
R.c("server/chunks/_02g9015jm6t67._.js")
R.c("server/chunks/[root-of-the-server]__16c2swm-0lnz2._.js")
R.c("server/chunks/[root-of-the-server]__0w3mkgu58-7bv._.js")
R.c("server/chunks/_next-internal_server_app_api_runs_route_actions_mjs_0b7yt5asxxmka._.js")
R.m(6106)
module.exports=R.m(6106).exports
