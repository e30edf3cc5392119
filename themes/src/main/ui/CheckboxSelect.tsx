import {
  MenuToggle,
  Select,
  SelectGroup,
  SelectList,
  SelectOption,
} from "@patternfly/react-core";
import { useState } from "react";

export type CheckboxOption = { value: string; label: string; testId: string };
export type CheckboxGroup = { label?: string; options: CheckboxOption[] };

type CheckboxSelectProps = {
  id: string;
  testId: string;
  groups: CheckboxGroup[];
  selected: string[];
  onChange: (selected: string[]) => void;
  placeholder: string;
  emptyText: string;
  isInvalid?: boolean;
};

/** Multiple choice with checkboxes; the toggle lists what is chosen. */
export const CheckboxSelect = ({
  id,
  testId,
  groups,
  selected,
  onChange,
  placeholder,
  emptyText,
  isInvalid,
}: CheckboxSelectProps) => {
  const [isOpen, setIsOpen] = useState(false);
  const options = groups.flatMap((group) =>
    group.options.map((option) => ({
      ...option,
      text: group.label ? `${group.label}: ${option.label}` : option.label,
    })),
  );
  const chosen = options.filter((option) => selected.includes(option.value));

  const toggle = (value: string) =>
    onChange(
      selected.includes(value)
        ? selected.filter((v) => v !== value)
        : [...selected, value],
    );

  return (
    <Select
      id={id}
      isOpen={isOpen}
      selected={selected}
      onSelect={(_event, value) => toggle(String(value))}
      onOpenChange={setIsOpen}
      isScrollable
      toggle={(ref) => (
        <MenuToggle
          ref={ref}
          data-testid={testId}
          isFullWidth
          isExpanded={isOpen}
          isDisabled={options.length === 0}
          status={isInvalid ? "danger" : undefined}
          onClick={() => setIsOpen(!isOpen)}
        >
          {options.length === 0
            ? emptyText
            : chosen.length > 0
              ? chosen.map((option) => option.text).join(", ")
              : placeholder}
        </MenuToggle>
      )}
    >
      {groups
        .filter((group) => group.options.length > 0)
        .map((group, index) => (
          <SelectGroup key={group.label ?? index} label={group.label}>
            <SelectList aria-multiselectable>
              {group.options.map((option) => (
                <SelectOption
                  key={option.value}
                  value={option.value}
                  hasCheckbox
                  isSelected={selected.includes(option.value)}
                  data-testid={`${testId}-${option.testId}`}
                >
                  {option.label}
                </SelectOption>
              ))}
            </SelectList>
          </SelectGroup>
        ))}
    </Select>
  );
};
