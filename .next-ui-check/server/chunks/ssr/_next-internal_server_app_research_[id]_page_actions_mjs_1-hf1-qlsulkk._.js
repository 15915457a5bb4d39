module.exports=[77561,a=>{"use strict";a.s([])}];

//# sourceMappingURL=_next-internal_server_app_research_%5Bid%5D_page_actions_mjs_1-hf1-qlsulkk._.js.map