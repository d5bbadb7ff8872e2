// Copy the front-end assets from node_modules into minsheng/static/vendor.
// Government intranets reach no CDN: every asset is served by minsheng itself.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const root = join(dirname(new URL(import.meta.url).pathname), "..");
const out = join(root, "minsheng", "static", "vendor");
const assets = {
  "htmx.min.js": "node_modules/htmx.org/dist/htmx.min.js",
  "echarts.min.js": "node_modules/echarts/dist/echarts.min.js",
  "pico.min.css": "node_modules/@picocss/pico/css/pico.min.css",
  // Swagger UI for /api/v1/docs; its source maps are not shipped, so their references are dropped.
  "swagger-ui-bundle.js": "node_modules/swagger-ui-dist/swagger-ui-bundle.js",
  "swagger-ui.css": "node_modules/swagger-ui-dist/swagger-ui.css",
};
const sourceMap = /\n\/[/*][#@] sourceMappingURL=\S+?(\s*\*\/)?\s*$/;
mkdirSync(out, { recursive: true });
for (const [name, source] of Object.entries(assets)) {
  if (name.startsWith("swagger-ui")) {
    writeFileSync(join(out, name), readFileSync(join(root, source), "utf8").replace(sourceMap, "\n"));
  } else {
    copyFileSync(join(root, source), join(out, name));
  }
}
writeFileSync(join(out, ".built"), new Date().toISOString() + "\n");
console.log(`assets copied to ${out}: ${Object.keys(assets).join(", ")}`);
