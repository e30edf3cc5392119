import {
  type AccountEnvironment,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import {
  Alert,
  Button,
  ClipboardCopy,
  ClipboardCopyButton,
  CodeBlock,
  CodeBlockAction,
  CodeBlockCode,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Modal,
  ModalVariant,
  Stack,
  StackItem,
  Tab,
  Tabs,
  TabTitleText,
} from "@patternfly/react-core";
import { DownloadIcon } from "@patternfly/react-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { type IssuedAppCredential, tokenEndpoint } from "./api";

/** Quotes a value for a POSIX shell when it needs it. */
const shellWord = (value: string) =>
  /^[\w@%+=:,./-]+$/.test(value)
    ? value
    : `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * A value in a .env file (docker compose, dotenv, systemd): quoted when it
 * needs it. IDs, secrets and token endpoints never do in practice.
 */
const envValue = (value: string) => {
  if (/^[\w@%+=:,./-]*$/.test(value)) return value;
  if (!value.includes("'")) return `'${value}'`;
  return `"${value.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
};

/** A quoted HCL string: escapes quotes, backslashes and template sequences. */
const hclString = (value: string) =>
  `"${value
    .replaceAll("\\", "\\\\")
    .replaceAll('"', '\\"')
    .replaceAll("${", "$${")
    .replaceAll("%{", "%%{")}"`;

type Snippets = Record<"shell" | "env" | "curl" | "kcadm" | "terraform", string>;

function snippets(
  id: string,
  secret: string,
  endpoint: string,
  serverBaseUrl: string,
  realm: string,
): Snippets {
  return {
    shell: `export APP_CREDENTIAL_ID=${shellWord(id)} APP_CREDENTIAL_SECRET=${shellWord(secret)}`,
    env: [
      `APP_CREDENTIAL_ID=${envValue(id)}`,
      `APP_CREDENTIAL_SECRET=${envValue(secret)}`,
      `APP_CREDENTIAL_TOKEN_ENDPOINT=${envValue(endpoint)}`,
      "",
    ].join("\n"),
    curl: `curl -u ${shellWord(`${id}:${secret}`)} -d grant_type=client_credentials ${shellWord(endpoint)}`,
    kcadm: `kcadm.sh config credentials --server ${shellWord(serverBaseUrl)} --realm ${shellWord(realm)} --client ${shellWord(id)} --secret ${shellWord(secret)}`,
    // Keycloak's own Terraform provider, signed in with client credentials
    // (`realm` is the realm the client, here the credential, lives in);
    // laid out as `terraform fmt` leaves it.
    terraform: [
      "terraform {",
      "  required_providers {",
      "    keycloak = {",
      '      source  = "keycloak/keycloak"',
      '      version = ">= 5.0.0"',
      "    }",
      "  }",
      "}",
      "",
      'provider "keycloak" {',
      `  client_id     = ${hclString(id)}`,
      `  client_secret = ${hclString(secret)}`,
      `  url           = ${hclString(serverBaseUrl)}`,
      `  realm         = ${hclString(realm)}`,
      "}",
      "",
    ].join("\n"),
  };
}

const SNIPPET_TABS: { key: keyof Snippets; title: string }[] = [
  { key: "shell", title: "appCredentialsSnippetShell" },
  { key: "env", title: "appCredentialsSnippetEnv" },
  { key: "curl", title: "appCredentialsSnippetCurl" },
  { key: "kcadm", title: "appCredentialsSnippetKcadm" },
  { key: "terraform", title: "appCredentialsSnippetTerraform" },
];

/** Snippets for tools that call the admin REST API with the token. */
const ADMIN_API_TOOLS: (keyof Snippets)[] = ["kcadm", "terraform"];

/**
 * Snippets that only hand the ID and secret to a tool, which works with a
 * credential that requires DPoP if the tool sends DPoP proofs. The others
 * (curl, kcadm.sh, Terraform's provider) sign in with the bare secret and
 * would be refused: they are left out for such a credential.
 */
const DPOP_TOOLS: (keyof Snippets)[] = ["shell", "env"];

const CopyableCode = ({ code, id }: { code: string; id: string }) => {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);

  return (
    <CodeBlock
      data-testid={id}
      actions={
        <CodeBlockAction>
          <ClipboardCopyButton
            id={`${id}-copy`}
            textId={`${id}-code`}
            aria-label={t("appCredentialsCopy")}
            variant="plain"
            exitDelay={copied ? 1500 : 600}
            onClick={() => {
              void navigator.clipboard?.writeText(code);
              setCopied(true);
            }}
            onTooltipHidden={() => setCopied(false)}
          >
            {t(copied ? "appCredentialsCopied" : "appCredentialsCopy")}
          </ClipboardCopyButton>
        </CodeBlockAction>
      }
    >
      <CodeBlockCode id={`${id}-code`}>{code}</CodeBlockCode>
    </CodeBlock>
  );
};

function download(fileName: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: "text/plain" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

type SecretDialogProps = {
  credential: IssuedAppCredential;
  regenerated: boolean;
  onClose: () => void;
};

/** Shows a new secret the only time the server returns it. */
export const SecretDialog = ({
  credential,
  regenerated,
  onClose,
}: SecretDialogProps) => {
  const { t } = useTranslation();
  const context = useEnvironment<AccountEnvironment>();
  const { environment } = context;
  const [activeTab, setActiveTab] = useState<keyof Snippets>("shell");
  const endpoint = credential.tokenEndpoint ?? tokenEndpoint(context);
  const code = snippets(
    credential.id,
    credential.secret,
    endpoint,
    environment.serverBaseUrl,
    environment.realm,
  );

  return (
    <Modal
      className="app-credentials-modal"
      variant={ModalVariant.medium}
      title={t(
        regenerated
          ? "appCredentialsSecretTitleRegenerated"
          : "appCredentialsSecretTitle",
        { name: credential.name },
      )}
      isOpen
      showClose={false}
      onEscapePress={() => undefined}
      data-testid="secret-dialog"
      actions={[
        <Button key="close" onClick={onClose} data-testid="secret-dialog-close">
          {t("appCredentialsSecretSaved")}
        </Button>,
        <Button
          key="download"
          variant="secondary"
          icon={<DownloadIcon />}
          onClick={() => download(`${credential.id}.env`, code.env)}
          data-testid="secret-dialog-download"
        >
          {t("appCredentialsDownloadEnv")}
        </Button>,
      ]}
    >
      <Stack hasGutter>
        <StackItem>
          <Alert
            variant="warning"
            isInline
            title={t("appCredentialsSecretWarningTitle")}
            data-testid="secret-dialog-warning"
          >
            {t("appCredentialsSecretWarning")}
          </Alert>
        </StackItem>
        <StackItem>
          <DescriptionList isHorizontal>
            <DescriptionListGroup>
              <DescriptionListTerm>{t("appCredentialsId")}</DescriptionListTerm>
              <DescriptionListDescription>
                <ClipboardCopy
                  variant="inline-compact"
                  isCode
                  isBlock
                  hoverTip={t("appCredentialsCopy")}
                  clickTip={t("appCredentialsCopied")}
                  data-testid="secret-dialog-id"
                >
                  {credential.id}
                </ClipboardCopy>
              </DescriptionListDescription>
            </DescriptionListGroup>
            <DescriptionListGroup>
              <DescriptionListTerm>
                {t("appCredentialsSecret")}
              </DescriptionListTerm>
              <DescriptionListDescription>
                <ClipboardCopy
                  variant="inline-compact"
                  isCode
                  isBlock
                  hoverTip={t("appCredentialsCopy")}
                  clickTip={t("appCredentialsCopied")}
                  data-testid="secret-dialog-secret"
                >
                  {credential.secret}
                </ClipboardCopy>
              </DescriptionListDescription>
            </DescriptionListGroup>
            <DescriptionListGroup>
              <DescriptionListTerm>
                {t("appCredentialsTokenEndpoint")}
              </DescriptionListTerm>
              <DescriptionListDescription>
                <ClipboardCopy
                  variant="inline-compact"
                  isCode
                  isBlock
                  hoverTip={t("appCredentialsCopy")}
                  clickTip={t("appCredentialsCopied")}
                  data-testid="secret-dialog-token-endpoint"
                >
                  {endpoint}
                </ClipboardCopy>
              </DescriptionListDescription>
            </DescriptionListGroup>
          </DescriptionList>
        </StackItem>
        {credential.requireDpop && (
          <StackItem>
            <Alert
              variant="info"
              isInline
              title={t("appCredentialsSecretDpopTitle")}
              data-testid="secret-dialog-dpop"
            >
              {t("appCredentialsSecretDpop")}
            </Alert>
          </StackItem>
        )}
        <StackItem>
          <Tabs
            activeKey={activeTab}
            onSelect={(_event, key) => setActiveTab(key as keyof Snippets)}
            aria-label={t("appCredentialsSnippets")}
          >
            {SNIPPET_TABS.filter(
              ({ key }) => !credential.requireDpop || DPOP_TOOLS.includes(key),
            ).map(({ key, title }) => (
              <Tab
                key={key}
                eventKey={key}
                title={<TabTitleText>{t(title)}</TabTitleText>}
                data-testid={`secret-snippet-tab-${key}`}
              >
                <CopyableCode code={code[key]} id={`secret-snippet-${key}`} />
                {ADMIN_API_TOOLS.includes(key) && (
                  <Alert
                    variant="info"
                    isInline
                    isPlain
                    className="pf-v5-u-mt-sm"
                    title={t("appCredentialsAdminApiNote")}
                    data-testid={`secret-snippet-${key}-note`}
                  />
                )}
              </Tab>
            ))}
          </Tabs>
        </StackItem>
      </Stack>
    </Modal>
  );
};
