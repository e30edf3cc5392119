import { useAccountAlerts } from "@keycloak/keycloak-account-ui";
import {
  Button,
  Modal,
  ModalVariant,
  Stack,
  StackItem,
} from "@patternfly/react-core";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import { SubmitNotice, useSubmitProblem } from "./SubmitNotice";

type ConfirmDialogProps = {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** data-testid of the confirm button; the dialog's is `${confirmTestId}-dialog`. */
  confirmTestId: string;
  isDanger?: boolean;
  /** Message key of the alert shown when the action fails. */
  errorKey: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
};

/** Asks before an action that cannot be undone. */
export const ConfirmDialog = ({
  title,
  children,
  confirmLabel,
  confirmTestId,
  isDanger,
  errorKey,
  onConfirm,
  onClose,
}: ConfirmDialogProps) => {
  const { t } = useTranslation();
  const { addError } = useAccountAlerts();
  const [isBusy, setIsBusy] = useState(false);
  const problem = useSubmitProblem();

  const confirm = async () => {
    setIsBusy(true);
    problem.clear();
    try {
      await onConfirm();
    } catch (error) {
      setIsBusy(false);
      if (!problem.show(error)) {
        addError(errorKey, error);
        onClose();
      }
    }
  };

  return (
    <Modal
      className="app-credentials-modal"
      variant={ModalVariant.small}
      title={title}
      titleIconVariant={isDanger ? "warning" : undefined}
      isOpen
      onClose={onClose}
      data-testid={`${confirmTestId}-dialog`}
      actions={[
        <Button
          key="confirm"
          variant={isDanger ? "danger" : "primary"}
          isLoading={isBusy}
          isDisabled={isBusy}
          onClick={() => void confirm()}
          data-testid={confirmTestId}
        >
          {confirmLabel}
        </Button>,
        <Button
          key="cancel"
          variant="link"
          onClick={onClose}
          data-testid="confirm-cancel"
        >
          {t("appCredentialsCancel")}
        </Button>,
      ]}
    >
      <Stack hasGutter>
        {problem.problem && (
          <StackItem>
            <SubmitNotice problem={problem.problem} />
          </StackItem>
        )}
        <StackItem>{children}</StackItem>
      </Stack>
    </Modal>
  );
};
