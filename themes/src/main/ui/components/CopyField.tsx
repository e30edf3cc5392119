import { ClipboardCopy } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";

type CopyFieldProps = {
  value: string;
  testId: string;
  /** A line of its own, wrapping a long value, rather than inline. */
  isBlock?: boolean;
};

/** A value in code type with a copy button, as IDs, secrets and URLs are shown. */
export const CopyField = ({ value, testId, isBlock }: CopyFieldProps) => {
  const { t } = useTranslation();
  return (
    <ClipboardCopy
      variant="inline-compact"
      isCode
      isBlock={isBlock}
      hoverTip={t("appCredentialsCopy")}
      clickTip={t("appCredentialsCopied")}
      data-testid={testId}
    >
      {value}
    </ClipboardCopy>
  );
};
