<#ftl output_format="plainText">
<#if expired>
${text.format("appCredentialExpiredBody", credentialName, application, expiresAt)}
<#else>
${text.format("appCredentialExpiryBody", credentialName, application, expiresAt, daysLeft)}
</#if>

${text.format("appCredentialIdLine", credentialId)}

<#if accountUrl??>
${msg(expired?then("appCredentialReplaceHint", "appCredentialRenewHint"))}
${accountUrl}
<#else>
${msg(expired?then("appCredentialReplaceHintNoLink", "appCredentialRenewHintNoLink"), realmName)}
</#if>

${msg("appCredentialNoSecret", realmName)}
