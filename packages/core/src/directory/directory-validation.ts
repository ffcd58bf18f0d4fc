import { inject, injectable, named } from 'inversify';
import { type ConfigIssue } from '../config/config-issue';
import { ContributionProvider } from '../kernel/contribution-provider';
import { DirectoryValidator } from './directory';
import { type DirectoryContent } from './directory-snapshot';

export const DirectoryValidation = Symbol.for('core.DirectoryValidation');
/** Runs every `DirectoryValidator` contribution over directory content. */
export interface DirectoryValidation {
  /** All issues from all validators, in contribution order. Never throws. */
  validate(content: DirectoryContent): Promise<readonly ConfigIssue[]>;
}

@injectable()
export class DirectoryValidationImpl implements DirectoryValidation {
  constructor(
    @inject(ContributionProvider) @named(DirectoryValidator)
    private readonly validators: ContributionProvider<DirectoryValidator>,
  ) {}

  async validate(content: DirectoryContent): Promise<readonly ConfigIssue[]> {
    const issues: ConfigIssue[] = [];
    for (const validator of this.validators.getContributions()) {
      try {
        issues.push(...(await validator.validate(content)));
      } catch (error) {
        issues.push({
          path: [],
          message: `the ${validator.id} check failed: ${error instanceof Error ? error.message : String(error)}`,
          severity: 'error',
        });
      }
    }
    return issues;
  }
}
