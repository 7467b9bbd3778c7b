import { defineConfig } from "vitest/config";

// Served by the bot at /addin/. Built assets are named by content hash (assets/[name]-[hash].js): the bot caches
// them for a year and revalidates index.html every time. Office.js is not bundled: Word loads it from Microsoft's CDN.
export default defineConfig({
  base: "/addin/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
  },
});
