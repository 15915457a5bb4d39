module.exports=[80942,a=>{"use strict";a.s([])}];

//# sourceMappingURL=_next-internal_server_app_api_runs_route_actions_mjs_0b7yt5asxxmka._.js.map