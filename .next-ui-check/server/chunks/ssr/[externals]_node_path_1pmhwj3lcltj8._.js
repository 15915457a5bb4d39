module.exports=[50227,(a,b,c)=>{b.exports=a.x("node:path",()=>require("node:path"))}];

//# sourceMappingURL=%5Bexternals%5D_node_path_1pmhwj3lcltj8._.js.map