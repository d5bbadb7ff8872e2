// Copy the front-end assets from node_modules into minsheng/static/vendor.
// Government intranets reach no CDN: every asset is served by minsheng itself.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const root = join(dirname(new URL(import.meta.url).pathname), "..");
const out = join(root, "minsheng", "static", "vendor");
const assets = {
  "htmx.min.js": "node_modules/htmx.org/dist/htmx.min.js",
  "echarts.min.js": "node_modules/echarts/dist/echarts.min.js",
  "pico.min.css": "node_modules/@picocss/pico/css/pico.min.css",
};
mkdirSync(out, { recursive: true });
for (const [name, source] of Object.entries(assets)) {
  copyFileSync(join(root, source), join(out, name));
}
writeFileSync(join(out, ".built"), new Date().toISOString() + "\n");
console.log(`assets copied to ${out}: ${Object.keys(assets).join(", ")}`);
