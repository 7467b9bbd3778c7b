// TeamsCoordinator in one resource group: the Azure Bot (Teams channel), App Service on Linux with at least two
// instances, PostgreSQL Flexible Server on a private network, Key Vault for every secret (read by the web app's
// managed identity through Key Vault references), Application Insights on a Log Analytics workspace.
// Build and lint offline: infra/check.sh (the tests run it). Deploy: infra/deploy.sh (docs/operations.md).

targetScope = 'resourceGroup'

@description('Short environment name, part of every resource name: test, prod, ...')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Azure region of every resource. Health data: keep it in the EU (swedencentral, northeurope, westeurope).')
param location string = resourceGroup().location

@description('Entra app (client) id of the bot: the Azure Bot registration and the Teams manifest use it.')
param botAppId string

@description('Home tenant of the SingleTenant bot registration (the region that runs it).')
param botTenantId string = subscription().tenantId

@description('Instances of the web app behind App Service\'s load balancer; two or more keep the bot up through a restart.')
@minValue(2)
@maxValue(10)
param instanceCount int = 2

@description('App Service plan size (P1v3: 2 vCPU, 8 GiB per instance).')
param appServiceSku string = 'P1v3'

@description('PostgreSQL compute: Burstable B2s for test, General Purpose D2ds_v5 or larger for production.')
param postgresSkuName string = 'Standard_D2ds_v5'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresTier string = 'GeneralPurpose'

@description('Zone-redundant standby for PostgreSQL (production).')
param postgresHighAvailability bool = true

@description('Days of point-in-time restore for PostgreSQL (7 to 35).')
@minValue(7)
@maxValue(35)
param postgresBackupRetentionDays int = 35

@description('PostgreSQL administrator login (the password comes from Key Vault through the parameter file).')
param postgresAdminLogin string = 'coordinatoradmin'

@secure()
@description('PostgreSQL administrator password. Never in a file: the .bicepparam reads it with getSecret().')
param postgresAdminPassword string

@description('Microsoft 365 mode: Embedded is only for demos; production uses Graph (bot/Tenants/Graph/README.md).')
@allowed([
  'Embedded'
  'Graph'
])
param tenantsMode string = 'Graph'

@description('Object ids (users or groups) that may manage the Key Vault\'s secrets (operators). Set the secrets after the first deployment.')
param keyVaultAdministrators array = []

@description('E-mail address of the operators\' on-call list; alerts (docs/operations.md, "Alerts") go there.')
param alertEmail string

@description('Log retention in days (Log Analytics).')
param logRetentionDays int = 90

param tags object = {
  application: 'TeamsCoordinator'
  environment: environmentName
  dataClassification: 'GDPR art. 9 health data'
}

var suffix = uniqueString(resourceGroup().id, environmentName)
var names = {
  workspace: 'log-coord-${environmentName}-${suffix}'
  insights: 'appi-coord-${environmentName}-${suffix}'
  vault: take('kv-coord-${environmentName}-${suffix}', 24)
  vnet: 'vnet-coord-${environmentName}'
  postgres: 'psql-coord-${environmentName}-${suffix}'
  plan: 'asp-coord-${environmentName}'
  site: 'app-coord-${environmentName}-${suffix}'
  bot: 'bot-coord-${environmentName}-${suffix}'
}
var databaseName = 'coordinator'
var keyVaultSecretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficerRole = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

// Secrets the operator sets in the vault after the first deployment (docs/operations.md); the app reads them by name.
var secretNames = {
  botPassword: 'bot-app-password'
  protectionKey: 'protection-key'
  graphClientSecret: 'graph-client-secret'
  database: 'coordinator-db'
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: names.workspace
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: names.insights
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Telemetry carries forløb public ids only, never names or CPR numbers; IP addresses are not kept either.
    DisableIpMasking: false
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: names.vnet
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [ '10.40.0.0/16' ] }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: '10.40.1.0/24'
          delegations: [ { name: 'web', properties: { serviceName: 'Microsoft.Web/serverFarms' } } ]
        }
      }
      {
        name: 'postgres'
        properties: {
          addressPrefix: '10.40.2.0/24'
          delegations: [ { name: 'postgres', properties: { serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' } } ]
        }
      }
    ]
  }
}

// The database has no public endpoint: it is reached only from the web app's VNet integration.
resource postgresDns 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: '${names.postgres}.private.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource postgresDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: postgresDns
  name: 'vnet'
  location: 'global'
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: vnet.id }
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: names.postgres
  location: location
  tags: tags
  sku: {
    name: postgresSkuName
    tier: postgresTier
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: 64
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: postgresBackupRetentionDays
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: postgresHighAvailability ? 'ZoneRedundant' : 'Disabled'
    }
    network: {
      delegatedSubnetResourceId: '${vnet.id}/subnets/postgres'
      privateDnsZoneArmResourceId: postgresDns.id
      publicNetworkAccess: 'Disabled'
    }
  }
  dependsOn: [ postgresDnsLink ]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-override'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: names.vault
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

// Written by the deployment (it knows the server's address and password); the others are set by an operator.
resource databaseSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretNames.database
  properties: {
    value: 'Host=${postgres.properties.fullyQualifiedDomainName};Database=${databaseName};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'
    contentType: 'Npgsql connection string'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: names.plan
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
    zoneRedundant: false
  }
}

var keyVaultReference = 'VaultName=${vault.name};SecretName='
resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: names.site
  location: location
  tags: tags
  kind: 'app,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    virtualNetworkSubnetId: '${vnet.id}/subnets/app'
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      vnetRouteAllEnabled: true
      // The load balancer takes an instance out while its readiness fails (database, outbox age, OpenID metadata).
      healthCheckPath: '/readyz'
      appSettings: [
        { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
        { name: 'Bot__MicrosoftAppId', value: botAppId }
        { name: 'Bot__MicrosoftAppTenantId', value: botTenantId }
        { name: 'Bot__MicrosoftAppPassword', value: '@Microsoft.KeyVault(${keyVaultReference}${secretNames.botPassword})' }
        { name: 'Bot__PublicBaseUrl', value: 'https://${names.site}.azurewebsites.net' }
        { name: 'Protection__Key', value: '@Microsoft.KeyVault(${keyVaultReference}${secretNames.protectionKey})' }
        { name: 'Storage__Provider', value: 'Postgres' }
        { name: 'Tenants__Mode', value: tenantsMode }
        { name: 'Tenants__Graph__ClientId', value: botAppId }
        { name: 'Tenants__Graph__ClientSecret', value: '@Microsoft.KeyVault(${keyVaultReference}${secretNames.graphClientSecret})' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'OTEL_SERVICE_NAME', value: 'teamscoordinator-bot' }
        { name: 'WEBSITE_HEALTHCHECK_MAXPINGFAILURES', value: '3' }
      ]
      connectionStrings: [
        {
          name: 'Coordinator'
          type: 'PostgreSQL'
          connectionString: '@Microsoft.KeyVault(${keyVaultReference}${secretNames.database})'
        }
      ]
    }
  }
}

// The web app reads secrets, nothing else.
resource siteReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, site.id, keyVaultSecretsUserRole)
  properties: {
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRole)
  }
}

resource operatorsManageSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for admin in keyVaultAdministrators: {
  scope: vault
  name: guid(vault.id, admin, keyVaultSecretsOfficerRole)
  properties: {
    principalId: admin
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficerRole)
  }
}]

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: site
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspace.id
    logs: [
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
    metrics: [ { category: 'AllMetrics', enabled: true } ]
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: names.bot
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: 'Koordinator'
    endpoint: 'https://${site.properties.defaultHostName}/api/messages'
    // New registrations must be SingleTenant or UserAssignedMSI (MultiTenant creation ended 2025-07-31);
    // the Entra app itself stays multi-tenant so that the bot works in every organisation's tenant.
    msaAppType: 'SingleTenant'
    msaAppId: botAppId
    msaAppTenantId: botTenantId
    disableLocalAuth: true
    developerAppInsightsApplicationId: insights.properties.AppId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
    }
  }
}

// Alerts: what each means and what to do is in docs/operations.md, "Alerts".
resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-coord-${environmentName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'coord-${take(environmentName, 6)}'
    enabled: true
    emailReceivers: [ { name: 'operators', emailAddress: alertEmail, useCommonAlertSchema: true } ]
  }
}

var alerts = [
  {
    name: 'instance-not-ready'
    severity: 1
    description: 'An instance failed /readyz for 5 minutes (database, outbox or OpenID metadata): see docs/operations.md#alerts'
    query: 'AppServiceHTTPLogs | where CsUriStem == "/readyz" and ScStatus != 200 | summarize failures = count() by bin(TimeGenerated, 5m), _ResourceId'
  }
  {
    name: 'outbox-stuck'
    severity: 1
    description: 'The oldest unsent outbox message is older than 10 minutes: messages to Teams are delayed (docs/operations.md#alerts)'
    query: 'AppMetrics | where Name == "coordinator.outbox.oldest_age" and Max > 600 | summarize failures = count() by bin(TimeGenerated, 5m), _ResourceId'
  }
  {
    name: 'turn-errors'
    severity: 2
    description: 'Turns ending in error (an unhandled exception in a feature): docs/operations.md#alerts'
    query: 'AppMetrics | where Name == "coordinator.turns" and tostring(Properties.outcome) == "error" | summarize failures = sum(Sum) by bin(TimeGenerated, 5m), _ResourceId'
  }
  {
    name: 'throttled'
    severity: 3
    description: 'Teams (Connector) or Graph answered 429 repeatedly: digest pacing or a retry loop is too fast (docs/operations.md#alerts)'
    query: 'AppMetrics | where Name == "coordinator.throttled" | summarize failures = sum(Sum) by bin(TimeGenerated, 5m), _ResourceId'
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for alert in alerts: {
  name: 'alert-coord-${environmentName}-${alert.name}'
  location: location
  tags: tags
  properties: {
    displayName: 'Koordinator ${environmentName}: ${alert.name}'
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [ workspace.id ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: 'Total'
          metricMeasureColumn: 'failures'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: [ operators.id ] }
  }
}]

output siteName string = site.name
output siteHostName string = site.properties.defaultHostName
output messagingEndpoint string = bot.properties.endpoint
output keyVaultName string = vault.name
output postgresServer string = postgres.properties.fullyQualifiedDomainName
output secretsToSet array = [ secretNames.botPassword, secretNames.protectionKey, secretNames.graphClientSecret ]
