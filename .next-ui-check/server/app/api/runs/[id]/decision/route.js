var R=require("../../../../../chunks/[turbopack]_runtime.js")("server/app/api/runs/[id]/decision/route.js")
R.c("server/chunks/[externals]__218endawi0ue4._.js")
R.c("server/chunks/_1t4z4wd6j86j0._.js")
R.c("server/chunks/[root-of-the-server]__16c2swm-0lnz2._.js")
R.c("server/chunks/[root-of-the-server]__0w3mkgu58-7bv._.js")
R.c("server/chunks/_next-internal_server_app_api_runs_[id]_decision_route_actions_mjs_20eth-6y_wxj-._.js")
R.m(89229)
module.exports=R.m(89229).exports
