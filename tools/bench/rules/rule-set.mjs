// Generates dial-plan-like rule sets and aliases that hit or miss them, deterministically.

/** mulberry32: the same sequence on every machine. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cities = ['london', 'oslo', 'bergen', 'paris', 'kyiv', 'madrid', 'tokyo', 'lima'];
const digits = (random, n) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

/**
 * Four shapes, as operators write them: city rooms, extension ranges with a named group and a
 * replace string, personal aliases, and endpoint families. Each rule `i` has its own literal
 * part, so every rule can be hit; `sample(i)` is an alias rule `i` matches.
 */
export function dialPlan(count, seed = 1) {
  const random = seededRandom(seed);
  const rules = [];
  const samples = [];
  for (let i = 0; i < count; i++) {
    const city = `${cities[i % cities.length]}${i}`;
    let matchString;
    let sample;
    let replaceString = '';
    switch (i % 4) {
      case 0:
        matchString = `${city}-room\\d\\d\\d@vc\\.example\\.com`;
        sample = `${city}-room${digits(random, 3)}@vc.example.com`;
        break;
      case 1:
        matchString = `(?P<ext>${String(1000 + i)}\\d{2})@vc\\.example\\.com`;
        replaceString = '\\g<ext>@gw.example.com';
        sample = `${1000 + i}${digits(random, 2)}@vc.example.com`;
        break;
      case 2:
        matchString = `meet\\.user${i}(\\.[a-z]+)?@example\\.org`;
        sample = `meet.user${i}.team@example.org`;
        break;
      default:
        matchString = `${city}-[a-z]+-\\d{1,4}@video\\.example\\.net`;
        sample = `${city}-studio-${digits(random, 2)}@video.example.net`;
    }
    rules.push(rule(`rule ${i}`, 1 + (i % 200), matchString, replaceString));
    samples.push(sample);
  }
  return { rules, samples };
}

/**
 * Other shapes, for the limits of the index: `shared`: groups no slicing can give, between
 * literal parts (`meet\\.user7` … `@example\\.org`), so all rules share one middle part;
 * `own`: such groups at both ends, so every rule runs its own pattern; `unrouted`: no literal
 * start, so the prefix trie cannot route and every alias meets every Set.
 */
export function otherPlan(count, kind) {
  const rules = [];
  const samples = [];
  for (let i = 0; i < count; i++) {
    const [matchString, sample] = {
      shared: [`meet\\.user${i}(\\.[a-z]+)?(\\.[0-9]+)?@example\\.org`, `meet.user${i}.team.${i % 97}@example.org`],
      own: [`(user${i}[a-z]*)@(\\w+)\\.example\\.org`, `user${i}x@vc${i % 7}.example.org`],
      unrouted: [`[a-z]+\\.user${i}@example\\.org`, `meet.user${i}@example.org`],
    }[kind];
    rules.push(rule(`rule ${i}`, 1 + (i % 200), matchString, kind === 'unrouted' ? '' : '\\1'));
    samples.push(sample);
  }
  return { rules, samples };
}

export function rule(name, priority, matchString, replaceString = '') {
  return {
    name,
    description: '',
    priority,
    enabled: true,
    matchIncomingCalls: true,
    incomingProtocols: { sip: true, h323: true, mssip: true, webrtc: true, teams: false },
    matchIncomingOnlyIfRegistered: false,
    matchString,
    matchStringFull: false,
    replaceString,
    tag: '',
  };
}

/** A typo: one character of the alias's user part changed, so no rule matches. */
export function typo(alias, random) {
  const at = Math.floor(random() * alias.indexOf('@'));
  const c = alias[at];
  const replacement = /[0-9]/.test(c) ? 'x' : c === 'z' ? 'q' : '#';
  return alias.slice(0, at) + replacement + alias.slice(at + 1);
}

/** A JavaScript RegExp for the benchmark's patterns (only `(?P<` differs from JS syntax). */
export function jsRegExp(pattern) {
  return new RegExp(`^(?:${pattern.replace(/\(\?P</g, '(?<')})$`, 'i');
}
