import {
  Dropdown,
  DropdownItem,
  DropdownList,
  MenuToggle,
} from "@patternfly/react-core";
import { EllipsisVIcon } from "@patternfly/react-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { RowAction } from "../lib/credentials";

const ACTION_LABELS: Record<RowAction, string> = {
  disable: "appCredentialsDisable",
  enable: "appCredentialsEnable",
  regenerate: "appCredentialsRegenerate",
  renew: "appCredentialsRenew",
  revoke: "appCredentialsRevoke",
  "end-overlap": "appCredentialsOverlapEnd",
};

type RowActionsProps = {
  /** The credential's name, for the toggle's accessible name. */
  name: string;
  actions: RowAction[];
  onAction: (action: RowAction) => void;
};

/** The kebab menu of a row: what the credential's state allows. */
export const RowActions = ({ name, actions, onAction }: RowActionsProps) => {
  const { t } = useTranslation();
  const [isOpen, setIsOpen] = useState(false);

  return (
    <Dropdown
      isOpen={isOpen}
      onOpenChange={setIsOpen}
      onSelect={() => setIsOpen(false)}
      popperProps={{ position: "right" }}
      toggle={(ref) => (
        <MenuToggle
          ref={ref}
          variant="plain"
          aria-label={t("appCredentialsActionsOf", { name })}
          isExpanded={isOpen}
          onClick={() => setIsOpen(!isOpen)}
          data-testid="credential-actions-toggle"
        >
          <EllipsisVIcon />
        </MenuToggle>
      )}
    >
      <DropdownList>
        {actions.map((action) => (
          <DropdownItem
            key={action}
            isDanger={action === "revoke"}
            onClick={() => onAction(action)}
            data-testid={`credential-action-${action}`}
          >
            {t(ACTION_LABELS[action])}
          </DropdownItem>
        ))}
      </DropdownList>
    </Dropdown>
  );
};
