(() => {
const e = (id, chunks, async = false) => ({ id, name: "*", chunks, async }), n = (id, chunks, async) => ({ "*": e(id, chunks, async) });
const m = {"moduleLoading":{"prefix":""},"clientModules":{},"ssrModuleMapping":{},"edgeSSRModuleMapping":{},"rscModuleMapping":{},"edgeRscModuleMapping":{},"entryCSSFiles":{},"entryJSFiles":{}};
(globalThis.__RSC_MANIFEST ??= {})["/api/runs/[id]/decision/route"] = m;
})();
