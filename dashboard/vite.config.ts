import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served by the gateway at /dashboard/ (with /dashboard/config.json); in `vite` dev, the
// gateway's /graphql and /auth are proxied.
const gateway = process.env.GATEWAY_URL ?? `http://localhost:${process.env.GATEWAY_PORT ?? 4000}`;

export default defineConfig({
  base: "/dashboard/",
  plugins: [react()],
  build: { outDir: "dist", sourcemap: false, chunkSizeWarningLimit: 900 },
  server: { proxy: { "/graphql": gateway, "/auth": gateway, "/dashboard/config.json": gateway } },
});
