// Test environment: one region's test subscription, smaller database, still two instances.
// Values that differ per deployment come from the environment (infra/deploy.sh sets them); no secret is in a file.
using '../main.bicep'

param environmentName = 'test'
param location = 'swedencentral'
param botAppId = readEnvironmentVariable('BOT_APP_ID')
param postgresAdminPassword = readEnvironmentVariable('POSTGRES_ADMIN_PASSWORD')
param alertEmail = readEnvironmentVariable('ALERT_EMAIL')
param instanceCount = 2
param appServiceSku = 'P0v3'
param postgresSkuName = 'Standard_B2s'
param postgresTier = 'Burstable'
param postgresHighAvailability = false
param postgresBackupRetentionDays = 7
param tenantsMode = 'Graph'
param logRetentionDays = 30
