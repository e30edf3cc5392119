<#import "template.ftl" as layout>
<@layout.emailLayout>
<#if expired>
<p>${text.format("appCredentialExpiredBody", credentialName, application, expiresAt)}</p>
<#else>
<p>${text.format("appCredentialExpiryBody", credentialName, application, expiresAt, daysLeft)}</p>
</#if>
<p>${text.format("appCredentialIdLine", credentialId)}</p>
<#if accountUrl??>
<p>${msg(expired?then("appCredentialReplaceHint", "appCredentialRenewHint"))}<br><a href="${accountUrl}">${accountUrl}</a></p>
<#else>
<p>${msg(expired?then("appCredentialReplaceHintNoLink", "appCredentialRenewHintNoLink"), realmName)}</p>
</#if>
<p>${msg("appCredentialNoSecret", realmName)}</p>
</@layout.emailLayout>
