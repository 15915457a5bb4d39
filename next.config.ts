import type { NextConfig } from "next";

const config: NextConfig = {
  // The test suite builds into its own folder so it never clobbers the build `npm start` serves.
  distDir: process.env.FATHOM_DIST_DIR || ".next",
  // pyodide loads its wasm from its own package folder; jsdom reads its own assets.
  // The store's native SQLite binding, pg, and the exporters (Chromium driver, DOCX) load at run time.
  serverExternalPackages: ["pyodide", "jsdom", "@mozilla/readability", "unpdf", "better-sqlite3", "pg", "playwright-core", "@turbodocx/html-to-docx"],
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
  devIndicators: false,
};

export default config;
