/**
 * Every view of the dashboard, one line each, in the order of the navigation. The address
 * `#/<id>` opens it; a view that is not in the navigation (a record's page) is reached by links.
 * A new view is one more line here.
 */
import type { FunctionComponent } from 'preact';
import type { MessageKey } from '../../lib/i18n';
import { AppointmentsView } from './AppointmentsView';
import { DocumentsView } from './DocumentsView';
import { ExportView } from './ExportView';
import { LabsView } from './LabsView';
import { MeasurementsView } from './MeasurementsView';
import { OverviewView } from './OverviewView';
import { RecordView } from './RecordView';
import { ResearchView } from './ResearchView';
import { SettingsView } from './SettingsView';
import { SourcesView } from './SourcesView';
import { SummaryView } from './SummaryView';
import { SpendingView } from './SpendingView';
import { TimelineView } from './TimelineView';
import { VaccinationsView } from './VaccinationsView';
import type { ViewProps } from './view-props';

export interface ViewEntry {
  id: string;
  label: MessageKey;
  Component: FunctionComponent<ViewProps>;
  /** Listed in the navigation. */
  nav: boolean;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'apercu', label: 'navOverview', Component: OverviewView, nav: true },
  { id: 'chronologie', label: 'navTimeline', Component: TimelineView, nav: true },
  { id: 'analyses', label: 'navLabs', Component: LabsView, nav: true },
  { id: 'depenses', label: 'navSpending', Component: SpendingView, nav: true },
  { id: 'rendez-vous', label: 'navAppointments', Component: AppointmentsView, nav: true },
  { id: 'documents', label: 'navDocuments', Component: DocumentsView, nav: true },
  { id: 'vaccinations', label: 'navVaccinations', Component: VaccinationsView, nav: true },
  { id: 'mesures', label: 'navMeasurements', Component: MeasurementsView, nav: true },
  { id: 'resume', label: 'navSummary', Component: SummaryView, nav: true },
  { id: 'sources', label: 'navSources', Component: SourcesView, nav: true },
  { id: 'recherche', label: 'navResearch', Component: ResearchView, nav: true },
  { id: 'exporter', label: 'navExport', Component: ExportView, nav: true },
  { id: 'reglages', label: 'navSettings', Component: SettingsView, nav: true },
  { id: 'fiche', label: 'navRecord', Component: RecordView, nav: false },
];

export const NAV_VIEWS = VIEWS.filter((view) => view.nav);

/** The view of an address; the overview for an empty or unknown one. */
export function viewFor(id: string): ViewEntry {
  return VIEWS.find((view) => view.id === id) ?? VIEWS[0]!;
}
