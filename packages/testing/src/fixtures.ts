import { type DirectoryContent, type GatewayRoutingRule, type MeetingService, type ThemeDefinition } from '@herald/core';

/** A VMR with one alias derived from its name, overridable field by field. */
export function aService(overrides: Partial<MeetingService> & Pick<MeetingService, 'name'>): MeetingService {
  const slug = overrides.name.toLowerCase().replace(/[^a-z0-9]+/g, '.');
  return {
    kind: 'vmr',
    description: `${overrides.name} description`,
    aliases: [{ alias: `${slug}@vc.example.com`, description: '' }],
    tag: '',
    enabled: true,
    ...overrides,
  };
}

/** An enabled rule for incoming calls on every protocol but Teams, as the platform defaults. */
export function aRule(overrides: Partial<GatewayRoutingRule> & Pick<GatewayRoutingRule, 'name' | 'matchString'>): GatewayRoutingRule {
  return {
    description: '',
    priority: 100,
    enabled: true,
    matchIncomingCalls: true,
    incomingProtocols: { sip: true, h323: true, mssip: true, webrtc: true, teams: false },
    matchIncomingOnlyIfRegistered: false,
    matchStringFull: false,
    replaceString: '',
    tag: '',
    ...overrides,
  };
}

export function aTheme(name: string, path = `/themes/${name}`): ThemeDefinition {
  return { name, path };
}

/** Directory content with the given parts and empty lists for the rest. */
export function directoryContent(parts: Partial<DirectoryContent> = {}): DirectoryContent {
  return { services: [], rules: [], themes: [], ...parts };
}
