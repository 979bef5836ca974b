import { PersonalDataPolicy } from '@app/kernel';
import { accountPersonalData } from '@app/platform';
import { renewalsPersonalData } from '@app/renewals/domain';
import { invoicingPersonalData } from '@app/invoicing';

/** Every library's declaration of the personal data in its events (decisions.md #34). */
export const PERSONAL_DATA_POLICY: PersonalDataPolicy = {
  ...accountPersonalData,
  ...renewalsPersonalData,
  ...invoicingPersonalData,
};
