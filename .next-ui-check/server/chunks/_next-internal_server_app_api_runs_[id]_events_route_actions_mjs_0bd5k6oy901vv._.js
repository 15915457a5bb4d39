module.exports=[9381,a=>{"use strict";a.s([])}];

//# sourceMappingURL=_next-internal_server_app_api_runs_%5Bid%5D_events_route_actions_mjs_0bd5k6oy901vv._.js.map