/**
 * Which panel shows each task of the registry on the gallery page: the one place the UI maps a
 * task to a component (the registry, in src/tasks, cannot import the UI). A task left out here
 * fails to compile; null for a task with a page of its own.
 */
import type { Component } from 'svelte';
import type { AnyTask, TaskById, TaskId } from '../../../tasks/registry';
import type { GalleryState } from '../../state/gallery.svelte';
import DetectionPanel from './DetectionPanel.svelte';
import DigitsPanel from './DigitsPanel.svelte';
import FaceAttributesPanel from './FaceAttributesPanel.svelte';
import OcrPanel from './OcrPanel.svelte';
import PosePanel from './PosePanel.svelte';
import SegmentationPanel from './SegmentationPanel.svelte';
import SuperResolutionPanel from './SuperResolutionPanel.svelte';
import TitanicPanel from './TitanicPanel.svelte';

type Panel<T extends TaskId> = Component<{ gallery: GalleryState; task: TaskById<T> }>;

const PANELS: { [T in TaskId]: Panel<T> | null } = {
  classification: null, // the Classify page
  digits: DigitsPanel,
  'face-detection': DetectionPanel,
  'object-detection': DetectionPanel,
  pose: PosePanel,
  'face-attributes': FaceAttributesPanel,
  segmentation: SegmentationPanel,
  tabular: TitanicPanel,
  'super-resolution': SuperResolutionPanel,
  ocr: OcrPanel,
};

/** The panel for `task`, or null when the gallery does not show it. */
export const panelFor = (task: AnyTask) => PANELS[task.id] as Component<{ gallery: GalleryState; task: AnyTask }> | null;
