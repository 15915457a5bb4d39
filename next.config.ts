import type { NextConfig } from "next";

const config: NextConfig = {
  // pyodide loads its wasm from its own package folder; jsdom reads its own assets.
  serverExternalPackages: ["pyodide", "jsdom", "@mozilla/readability", "unpdf"],
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
  devIndicators: false,
};

export default config;
