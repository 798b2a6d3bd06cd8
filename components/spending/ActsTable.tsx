import { formatAmount, formatClinicalDate } from '../../lib/format';
import { t } from '../../lib/i18n';
import { routeHref } from '../../lib/route';
import type { Reimbursement } from '../../storage/schemas';
import { leftToPay } from '../../storage/views/spending';
import { PersonName } from '../PersonName';

/** Care acts with what each cost and who paid it. */
export function ActsTable({
  acts,
  caption,
  testId,
}: {
  acts: readonly Reimbursement[];
  caption: string;
  testId: string;
}) {
  return (
    <table data-testid={testId} data-count={acts.length}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('colDate')}</th>
          <th scope="col">{t('colAct')}</th>
          <th scope="col">{t('colPatient')}</th>
          <th scope="col" class="num">
            {t('colCharged')}
          </th>
          <th scope="col" class="num">
            {t('reimbursedPrimary')}
          </th>
          <th scope="col" class="num">
            {t('reimbursedComplementary')}
          </th>
          <th scope="col" class="num">
            {t('colLeftToPay')}
          </th>
        </tr>
      </thead>
      <tbody>
        {acts.map((act) => (
          <tr key={act.id} data-testid="act-row">
            <td class="date">{formatClinicalDate(act.date)}</td>
            <td>
              <a href={routeHref('fiche', { id: act.id })}>{act.act}</a>
              {act.provider && <span class="details">{act.provider}</span>}
            </td>
            <td>
              <PersonName name={act.patient} />
            </td>
            <td class="num">{formatAmount(act.charged, act.currency)}</td>
            <td class="num">{formatAmount(act.reimbursedPrimary, act.currency)}</td>
            <td class="num">{formatAmount(act.reimbursedComplementary, act.currency)}</td>
            <td class="num">{formatAmount(leftToPay(act), act.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
