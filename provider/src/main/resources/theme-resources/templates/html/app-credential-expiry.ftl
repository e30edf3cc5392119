<#import "template.ftl" as layout>
<@layout.emailLayout>
<#if expired>
<p>${msg("appCredentialExpiredBody", credentialName, application, expiresAt)}</p>
<#else>
<p>${msg("appCredentialExpiryBody", credentialName, application, expiresAt, daysLeft)}</p>
</#if>
<p>${msg("appCredentialIdLine", credentialId)}</p>
<#if accountUrl??>
<p>${msg(expired?then("appCredentialReplaceHint", "appCredentialRenewHint"))}<br><a href="${accountUrl}">${accountUrl}</a></p>
<#else>
<p>${msg(expired?then("appCredentialReplaceHintNoLink", "appCredentialRenewHintNoLink"), realmName)}</p>
</#if>
<p>${msg("appCredentialNoSecret", realmName)}</p>
</@layout.emailLayout>
