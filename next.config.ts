import type { NextConfig } from "next";

const config: NextConfig = {
  // The test suite builds into its own folder so it never clobbers the build `npm start` serves.
  distDir: process.env.FATHOM_DIST_DIR || ".next",
  // pyodide loads its wasm from its own package folder; jsdom reads its own assets.
  serverExternalPackages: ["pyodide", "jsdom", "@mozilla/readability", "unpdf"],
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
  devIndicators: false,
};

export default config;
