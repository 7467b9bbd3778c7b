// Production: zone-redundant database standby, 35 days of point-in-time restore, two or more instances.
using '../main.bicep'

param environmentName = 'prod'
param location = 'swedencentral'
param botAppId = readEnvironmentVariable('BOT_APP_ID')
param botTenantId = readEnvironmentVariable('BOT_TENANT_ID')
param postgresAdminPassword = readEnvironmentVariable('POSTGRES_ADMIN_PASSWORD')
param alertEmail = readEnvironmentVariable('ALERT_EMAIL')
param instanceCount = 2
param appServiceSku = 'P1v3'
param postgresSkuName = 'Standard_D2ds_v5'
param postgresTier = 'GeneralPurpose'
param postgresHighAvailability = true
param postgresBackupRetentionDays = 35
param tenantsMode = 'Graph'
param logRetentionDays = 90
