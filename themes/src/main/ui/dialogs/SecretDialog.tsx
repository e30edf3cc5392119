import {
  type AccountEnvironment,
  useEnvironment,
} from "@keycloak/keycloak-account-ui";
import {
  Alert,
  Button,
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

import { CopyField } from "../components/CopyField";
import { type IssuedAppCredential, tokenEndpoint } from "../lib/api";
import {
  ADMIN_API_TOOLS,
  DPOP_TOOLS,
  type SnippetKind,
  snippets,
} from "../lib/snippets";

const SNIPPET_TABS: { key: SnippetKind; title: string }[] = [
  { key: "shell", title: "appCredentialsSnippetShell" },
  { key: "env", title: "appCredentialsSnippetEnv" },
  { key: "curl", title: "appCredentialsSnippetCurl" },
  { key: "kcadm", title: "appCredentialsSnippetKcadm" },
  { key: "terraform", title: "appCredentialsSnippetTerraform" },
];

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

/** Shows a new secret the only time the server returns it, with snippets for the usual tools. */
export const SecretDialog = ({
  credential,
  regenerated,
  onClose,
}: SecretDialogProps) => {
  const { t } = useTranslation();
  const context = useEnvironment<AccountEnvironment>();
  const { environment } = context;
  const [activeTab, setActiveTab] = useState<SnippetKind>("shell");
  const endpoint = credential.tokenEndpoint ?? tokenEndpoint(context);
  const code = snippets({
    id: credential.id,
    secret: credential.secret,
    tokenEndpoint: endpoint,
    serverBaseUrl: environment.serverBaseUrl,
    realm: environment.realm,
  });
  const values = [
    { term: "appCredentialsId", value: credential.id, testId: "secret-dialog-id" },
    {
      term: "appCredentialsSecret",
      value: credential.secret,
      testId: "secret-dialog-secret",
    },
    {
      term: "appCredentialsTokenEndpoint",
      value: endpoint,
      testId: "secret-dialog-token-endpoint",
    },
  ];

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
          <DescriptionList orientation={{ sm: "horizontal" }}>
            {values.map(({ term, value, testId }) => (
              <DescriptionListGroup key={testId}>
                <DescriptionListTerm>{t(term)}</DescriptionListTerm>
                <DescriptionListDescription>
                  <CopyField value={value} testId={testId} isBlock />
                </DescriptionListDescription>
              </DescriptionListGroup>
            ))}
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
            onSelect={(_event, key) => setActiveTab(key as SnippetKind)}
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
