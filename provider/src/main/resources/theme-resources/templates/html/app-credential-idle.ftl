<#import "template.ftl" as layout>
<@layout.emailLayout>
<#if retired>
<p>${text.format("appCredentialIdleBody", credentialName, application, idleDays, lastUsed!msg("appCredentialIdleNever"))}</p>
<#else>
<p>${text.format("appCredentialIdleWarningBody", credentialName, application, retiresAt, lastUsed!msg("appCredentialIdleNever"))}</p>
</#if>
<p>${text.format("appCredentialIdLine", credentialId)}</p>
<#if accountUrl??>
<p>${msg(retired?then("appCredentialIdleEnableHint", "appCredentialIdleKeepHint"))}<br><a href="${accountUrl}">${accountUrl}</a></p>
<#else>
<p>${msg(retired?then("appCredentialIdleEnableHintNoLink", "appCredentialIdleKeepHintNoLink"), realmName)}</p>
</#if>
<p>${msg("appCredentialNoSecret", realmName)}</p>
</@layout.emailLayout>
