// The accessible names (headings, buttons, labels) of the content pages, kept stable for the
// browser tests: change them here and in e2e/flow.test.mjs together.
export const CONTENT_LABELS = {
  listHeading: "Content",
  statusFilter: "Status",
  searchInput: "Search content",
  listPages: "Content pages",
  editorBackLink: "Back to content",
  titleInput: "Title",
  slugInput: "Slug",
  metaTitleInput: "Meta title",
  metaDescriptionInput: "Meta description",
  primaryKeywordInput: "Primary keyword",
  htmlInput: "HTML source",
  previewFrame: "Preview",
  saveButton: "Save changes",
  savedNotice: "Changes saved.",
  versionsHeading: "Versions",
  compareButton: "Compare versions",
  diffDialog: "Changes between versions",
  restoreDialog: "Restore this version?",
  restoreConfirm: "Restore version",
  imagesHeading: "Images",
  imagesRegion: "Images of this content",
  generatePromptsButton: "Generate image prompts",
  generateImagesButton: "Generate images",
  promptsJob: "Writing image prompts",
  imagesJob: "Generating images",
  regenerateJob: "Regenerating image",
} as const;

/** Status buttons: the label of the move to each editorial status. */
export const STATUS_ACTION_LABELS = {
  draft: "Back to draft",
  review: "Send to review",
  approved: "Approve",
} as const;
