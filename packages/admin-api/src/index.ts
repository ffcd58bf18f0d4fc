export { createAdminApiModule, type AdminApiModuleOptions } from './admin-api-module';
export { AdminApiOptions, type AdminApiLimits, type AdminCredential, type AdminRole, configurationBasePath, defaultAdminApiLimits } from './admin-api-options';
export { adminApiConfigSchema, adminApiOptionsFromConfig, type AdminApiConfig } from './admin-api-config';
export { AdminRuleTester, type RuleTestRequest } from './admin-rule-tester';
export { AdminRoutes } from './http/admin-routes';
export { withIds, type IdentifiedContent } from './resources/identified-content';
export { convertPlatformExport, type ImportConversion } from './import/platform-import';
export { type ImportFile, type ImportProblem } from './import/platform-records';
export { describeChanges, describeIssue } from './import/import-report';
