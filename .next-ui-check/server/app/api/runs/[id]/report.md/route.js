var R=require("../../../../../chunks/[turbopack]_runtime.js")("server/app/api/runs/[id]/report.md/route.js")
R.c("server/chunks/[externals]__218endawi0ue4._.js")
R.c("server/chunks/_0qy7y2hrk0rhu._.js")
R.c("server/chunks/[root-of-the-server]__16c2swm-0lnz2._.js")
R.c("server/chunks/[root-of-the-server]__0w3mkgu58-7bv._.js")
R.c("server/chunks/1oeh_server_app_api_runs_[id]_report_md_route_actions_mjs_105820ds_47b_._.js")
R.m(49016)
module.exports=R.m(49016).exports
