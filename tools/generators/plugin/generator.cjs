// `npx nx g @herald/tools:plugin <name>`: a plugin package that builds on @herald/core's public
// API only (a peer dependency, as for an outside author), with its module, one contribution
// (a presence policy), a spec and a README. The result passes `nx run-many -t lint typecheck
// test` as generated; tools/src/generators/plugin-generator.int.spec.ts proves it in a scratch copy.
const { join } = require('node:path');
const { generateFiles, joinPathFragments, names, readJson, updateJson } = require('@nx/devkit');

/** @param {import('@nx/devkit').Tree} tree @param {{ name: string, directory?: string }} options */
async function pluginGenerator(tree, options) {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(options.name)) {
    throw new Error(`'${options.name}' is not a kebab-case name such as busy-rooms`);
  }
  const root = joinPathFragments(options.directory ?? 'packages', options.name);
  if (tree.exists(root)) throw new Error(`${root} already exists; choose another name or remove it`);
  const n = names(options.name);
  const core = readJson(tree, 'packages/core/package.json');
  generateFiles(tree, join(__dirname, 'files'), root, {
    name: n.fileName,
    className: n.className,
    propertyName: n.propertyName,
    coreVersion: core.version,
    zodVersion: core.dependencies.zod,
    offset: root.split('/').map(() => '..').join('/'),
    template: '',
  });
  // The root tsconfig lists every project (what `nx sync` would add).
  updateJson(tree, 'tsconfig.json', (json) => {
    const path = `./${root}`;
    json.references = json.references ?? [];
    if (!json.references.some((r) => r.path === path)) json.references.push({ path });
    return json;
  });
  return () => {
    console.log(`Created ${root}. Next: npm install (links it and updates the lockfile), then npx nx run-many -t lint typecheck test -p @herald/${n.fileName}`);
  };
}

module.exports = pluginGenerator;
module.exports.default = pluginGenerator;
