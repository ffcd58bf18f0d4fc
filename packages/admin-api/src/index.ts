export { createAdminApiModule, type AdminApiModuleOptions } from './admin-api-module';
export { AdminApiOptions, type AdminApiLimits, type AdminCredential, type AdminRole, configurationBasePath, defaultAdminApiLimits } from './admin-api-options';
export { adminApiConfigSchema, adminApiOptionsFromConfig, type AdminApiConfig } from './admin-api-config';
export { AdminRuleTester, type RuleTestRequest } from './admin-rule-tester';
export { AdminRoutes } from './http/admin-routes';
