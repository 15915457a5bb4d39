module.exports=[25796,a=>{"use strict";a.s([])}];

//# sourceMappingURL=_next-internal_server_app_api_config_route_actions_mjs_0updj_1g8m17x._.js.map