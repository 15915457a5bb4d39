module.exports=[15858,a=>{"use strict";a.s([])}];

//# sourceMappingURL=_next-internal_server_app_api_runs_%5Bid%5D_stop_route_actions_mjs_0_tk0iax44qg7._.js.map