module.exports=[43059,a=>{"use strict";a.s([])}];

//# sourceMappingURL=_next-internal_server_app_api_runs_%5Bid%5D_decision_route_actions_mjs_20eth-6y_wxj-._.js.map