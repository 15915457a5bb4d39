var R=require("../../../../../chunks/[turbopack]_runtime.js")("server/app/api/runs/[id]/events/route.js")
R.c("server/chunks/[externals]__218endawi0ue4._.js")
R.c("server/chunks/_0-9hcrttg56oc._.js")
R.c("server/chunks/[root-of-the-server]__16c2swm-0lnz2._.js")
R.c("server/chunks/[root-of-the-server]__0w3mkgu58-7bv._.js")
R.c("server/chunks/_next-internal_server_app_api_runs_[id]_events_route_actions_mjs_0bd5k6oy901vv._.js")
R.m(28536)
module.exports=R.m(28536).exports
