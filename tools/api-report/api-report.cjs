// The public API report of @herald/core: every name `packages/core/src/index.ts` exports, with
// its declaration reduced to what a plugin can rely on (signatures and types; no bodies,
// comments, private members or initialisers), sorted by name. The report is checked in, so a
// change to the public API shows up in review as a change to this file.
//
//   npm run api:report            rewrite packages/core/api/core.api.md
//   npm run api:report -- --check exit 1, saying what changed, when the report is out of date
//   --root <dir>                  work on another checkout (the tests use a scratch copy)
//
// Hand-written with the TypeScript compiler API rather than api-extractor: api-extractor wants
// built .d.ts files and a bundled TypeScript of its own; this reads the sources with the
// repository's TypeScript (5.9) in a few seconds and needs no build first.
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');
const ts = require('typescript');

const reportPath = 'packages/core/api/core.api.md';
const entryPath = 'packages/core/src/index.ts';
const updateCommand = 'npm run api:report';

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
const typeFlags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;

function isPrivate(member) {
  const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
  return modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword) || (member.name !== undefined && ts.isPrivateIdentifier(member.name));
}

/** Modifiers that are part of a declaration's contract (not decorators, not accessibility of parameters). */
function keptModifiers(node) {
  const keep = new Set([ts.SyntaxKind.ExportKeyword, ts.SyntaxKind.StaticKeyword, ts.SyntaxKind.ReadonlyKeyword, ts.SyntaxKind.AbstractKeyword, ts.SyntaxKind.ProtectedKeyword]);
  return (ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : []).filter((m) => keep.has(m.kind));
}

/** A parameter with a default value is optional to callers. */
function optionalToken(p) {
  return p.questionToken ?? (p.initializer === undefined ? undefined : ts.factory.createToken(ts.SyntaxKind.QuestionToken));
}

function typeNode(checker, node, type) {
  return checker.typeToTypeNode(type, node, ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.IgnoreErrors) ?? ts.factory.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword);
}

/** A function's or method's parameters and return type, with inferred types spelled out. */
function signatureParts(checker, declaration) {
  const signature = checker.getSignatureFromDeclaration(declaration);
  return {
    parameters: declaration.parameters.map((p) =>
      ts.factory.createParameterDeclaration(undefined, p.dotDotDotToken, p.name, optionalToken(p), p.type ?? typeNode(checker, p, checker.getTypeAtLocation(p)), undefined),
    ),
    returns: declaration.type ?? typeNode(checker, declaration, checker.getReturnTypeOfSignature(signature)),
  };
}

/** A class as a subclass or caller sees it: public and protected members, no bodies. */
function classShape(checker, node) {
  const f = ts.factory;
  const members = [];
  for (const member of node.members) {
    if (isPrivate(member) || ts.isClassStaticBlockDeclaration(member) || ts.isSemicolonClassElement(member)) continue;
    if (ts.isConstructorDeclaration(member)) {
      const parameters = member.parameters.map((p) =>
        f.createParameterDeclaration(undefined, p.dotDotDotToken, p.name.getText(), optionalToken(p), p.type ?? typeNode(checker, p, checker.getTypeAtLocation(p)), undefined),
      );
      members.push(f.createConstructorDeclaration(undefined, parameters, undefined));
      // Parameter properties that are not private are members too.
      for (const p of member.parameters) {
        const modifiers = ts.getModifiers(p) ?? [];
        const isProperty = modifiers.some((m) => [ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.ReadonlyKeyword].includes(m.kind));
        if (!isProperty || modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) continue;
        members.push(f.createPropertyDeclaration(keptModifiers(p), p.name.getText(), p.questionToken, p.type ?? typeNode(checker, p, checker.getTypeAtLocation(p)), undefined));
      }
    } else if (ts.isMethodDeclaration(member)) {
      const { parameters, returns } = signatureParts(checker, member);
      members.push(f.createMethodDeclaration(keptModifiers(member), member.asteriskToken, member.name, member.questionToken, member.typeParameters, parameters, returns, undefined));
    } else if (ts.isPropertyDeclaration(member)) {
      members.push(f.createPropertyDeclaration(keptModifiers(member), member.name, member.questionToken, member.type ?? typeNode(checker, member, checker.getTypeAtLocation(member)), undefined));
    } else if (ts.isGetAccessorDeclaration(member)) {
      const signature = checker.getSignatureFromDeclaration(member);
      members.push(f.createGetAccessorDeclaration(keptModifiers(member), member.name, [], member.type ?? typeNode(checker, member, checker.getReturnTypeOfSignature(signature)), undefined));
    } else {
      members.push(member);
    }
  }
  return f.createClassDeclaration(keptModifiers(node), node.name, node.typeParameters, node.heritageClauses, members);
}

function renderDeclaration(checker, declaration, name) {
  const f = ts.factory;
  const source = declaration.getSourceFile();
  let node;
  if (ts.isClassDeclaration(declaration)) node = classShape(checker, declaration);
  else if (ts.isFunctionDeclaration(declaration)) {
    const { parameters, returns } = signatureParts(checker, declaration);
    node = f.createFunctionDeclaration(keptModifiers(declaration), undefined, declaration.name, declaration.typeParameters, parameters, returns, undefined);
  } else if (ts.isVariableDeclaration(declaration)) {
    // A token's key is part of the contract: two copies of core, or a renamed key, break injection.
    const init = declaration.initializer;
    if (init !== undefined && ts.isCallExpression(init) && init.expression.getText() === 'Symbol.for') return `export const ${name}: unique symbol = ${init.getText()};`;
    const type = checker.getTypeAtLocation(declaration.name);
    return `export const ${name}: ${checker.typeToString(type, declaration, typeFlags)};`;
  } else {
    node = declaration; // interfaces, type aliases, enums: their whole text is the contract
  }
  return printer.printNode(ts.EmitHint.Unspecified, node, source);
}

/** The report's text for the checkout at `root`. */
function buildReport(root) {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.base.json'), { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const entry = join(root, entryPath);
  const program = ts.createProgram([entry], parsed.options);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(entry);
  const moduleSymbol = checker.getSymbolAtLocation(file);
  const sections = [];
  const exports = checker.getExportsOfModule(moduleSymbol).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const symbol of exports) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const declarations = target.declarations ?? [];
    const external = declarations.find((d) => d.getSourceFile().fileName.includes('/node_modules/'));
    if (external !== undefined) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(external.getSourceFile().fileName)[1];
      sections.push(`// re-exported from ${pkg === '@inversifyjs/container' || pkg.startsWith('@inversifyjs/') ? 'inversify' : pkg}\nexport { ${symbol.name} };`);
      continue;
    }
    sections.push(declarations.map((d) => renderDeclaration(checker, d, symbol.name)).join('\n'));
  }
  return [
    '# API report: @herald/core',
    '',
    `<!-- Generated by \`${updateCommand}\` from ${entryPath}; do not edit by hand. -->`,
    '',
    '```ts',
    // Types the checker spells out with import("<absolute path>") would tie the report to one
    // machine's checkout; the names alone are what readers need.
    sections.join('\n\n').replace(/import\("[^"]+"\)\./g, ''),
    '```',
    '',
  ].join('\n');
}

/** The lines only in `a`, as `-`, and only in `b`, as `+` (enough to see what changed). */
function lineChanges(expected, actual) {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const inA = new Set(a);
  const inB = new Set(b);
  return [...a.filter((l) => !inB.has(l)).map((l) => `- ${l}`), ...b.filter((l) => !inA.has(l)).map((l) => `+ ${l}`)];
}

function main(argv) {
  const rootIndex = argv.indexOf('--root');
  const root = resolve(rootIndex >= 0 ? argv[rootIndex + 1] : join(__dirname, '../..'));
  const target = join(root, reportPath);
  const actual = buildReport(root);
  if (!argv.includes('--check')) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, actual);
    process.stdout.write(`wrote ${relative(process.cwd(), target) || target}\n`);
    return 0;
  }
  const expected = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (expected === actual) {
    process.stdout.write(`${reportPath} matches the public API of @herald/core\n`);
    return 0;
  }
  const changes = lineChanges(expected, actual);
  process.stderr.write(
    `The public API of @herald/core (${entryPath}) no longer matches ${reportPath}.\n` +
      `If the change is intended, run \`${updateCommand}\` and commit ${reportPath} with it, so that reviewers see it.\n` +
      `Changed lines (- in the report, + in the code):\n${changes.slice(0, 60).join('\n')}${changes.length > 60 ? `\n… and ${changes.length - 60} more` : ''}\n`,
  );
  return 1;
}

module.exports = { buildReport, reportPath, updateCommand };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
