<#ftl output_format="plainText">
<#if expired>
${msg("appCredentialExpiredBody", credentialName, application, expiresAt)}
<#else>
${msg("appCredentialExpiryBody", credentialName, application, expiresAt, daysLeft)}
</#if>

${msg("appCredentialIdLine", credentialId)}

<#if accountUrl??>
${msg(expired?then("appCredentialReplaceHint", "appCredentialRenewHint"))}
${accountUrl}
<#else>
${msg(expired?then("appCredentialReplaceHintNoLink", "appCredentialRenewHintNoLink"), realmName)}
</#if>

${msg("appCredentialNoSecret", realmName)}
