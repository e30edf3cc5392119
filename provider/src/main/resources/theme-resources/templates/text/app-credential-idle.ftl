<#ftl output_format="plainText">
<#if retired>
${text.format("appCredentialIdleBody", credentialName, application, idleDays, lastUsed!msg("appCredentialIdleNever"))}
<#else>
${text.format("appCredentialIdleWarningBody", credentialName, application, retiresAt, lastUsed!msg("appCredentialIdleNever"))}
</#if>

${text.format("appCredentialIdLine", credentialId)}

<#if accountUrl??>
${msg(retired?then("appCredentialIdleEnableHint", "appCredentialIdleKeepHint"))}
${accountUrl}
<#else>
${msg(retired?then("appCredentialIdleEnableHintNoLink", "appCredentialIdleKeepHintNoLink"), realmName)}
</#if>

${msg("appCredentialNoSecret", realmName)}
