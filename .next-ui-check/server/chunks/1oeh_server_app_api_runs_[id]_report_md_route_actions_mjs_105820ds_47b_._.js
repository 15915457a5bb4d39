module.exports=[92603,a=>{"use strict";a.s([])}];

//# sourceMappingURL=1oeh_server_app_api_runs_%5Bid%5D_report_md_route_actions_mjs_105820ds_47b_._.js.map