import { FormGroup, Radio } from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { AppCredential } from "../lib/api";
import { OVERLAP_LABELS } from "../lib/rotation";
import { ConfirmDialog } from "./ConfirmDialog";

type RegenerateDialogProps = {
  credential: AppCredential;
  /** The overlaps to offer, in seconds, "none" (0) first. */
  choices: number[];
  onConfirm: (overlapSeconds: number) => Promise<void>;
  onClose: () => void;
};

/**
 * Asks before a new secret, and how long the old one keeps working beside it
 * (only an active credential's can; "none" is preselected).
 */
export const RegenerateDialog = ({
  credential,
  choices,
  onConfirm,
  onClose,
}: RegenerateDialogProps) => {
  const { t } = useTranslation();
  const [overlap, setOverlap] = useState(0);
  const offered = credential.state === "active" ? choices : [0];
  return (
    <ConfirmDialog
      title={t("appCredentialsRegenerateTitle", { name: credential.name })}
      confirmLabel={t("appCredentialsRegenerate")}
      confirmTestId="confirm-regenerate"
      errorKey="appCredentialsRegenerateError"
      onConfirm={() => onConfirm(overlap)}
      onClose={onClose}
    >
      <p>
        {overlap > 0
          ? t("appCredentialsRegenerateOverlapBody")
          : t("appCredentialsRegenerateBody")}
      </p>
      {offered.length > 1 && (
        <FormGroup
          role="radiogroup"
          isStack
          fieldId="regenerate-overlap"
          label={t("appCredentialsOverlapLabel")}
          className="pf-v5-u-mt-md"
          data-testid="regenerate-overlap"
        >
          {offered.map((seconds) => (
            <Radio
              key={seconds}
              id={`regenerate-overlap-${seconds}`}
              name="regenerate-overlap"
              label={t(OVERLAP_LABELS[seconds])}
              isChecked={overlap === seconds}
              onChange={() => setOverlap(seconds)}
              data-testid={`regenerate-overlap-${seconds}`}
            />
          ))}
        </FormGroup>
      )}
    </ConfirmDialog>
  );
};
