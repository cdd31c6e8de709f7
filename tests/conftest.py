"""Suite-wide settings.

The end-to-end tests below each start new Python processes (the CLI, a
second run, a worker pool, a wheel build, a browser) and take 3-30 s; they
are marked ``slow`` here, in one place, so ``python -m pytest -m "not slow"``
stays a quick run for a developer while CI (``python -m pytest``) runs them
all.  Measured with ``--durations`` on a 2-core machine.
"""

from __future__ import annotations

import pytest

SLOW = {
    "test_safety.py": {"test_two_real_runs_the_second_fails_the_first_completes",
                       "test_resume_with_another_config_is_refused",
                       "test_a_worker_killed_mid_run_ends_the_run",
                       "test_a_mistyped_input_path_keeps_the_previous_output",
                       "test_unknown_factory_fails_at_once_with_one_line"},
    "test_readers.py": {"test_stdin_text_jsonl_and_html",
                        "test_cli_mixed_folder_and_html_offsets_point_into_the_kept_text",
                        "test_record_and_errors_files_named_as_input_are_refused",
                        "test_cli_summary_line_counts_what_a_scan_skipped"},
    "test_cli.py": {"test_extract_data_raw_validates_against_the_schema",
                    "test_retry_processes_only_the_failed_documents", "test_records_to_stdout",
                    "test_some_documents_failed_exit_2_the_others_written",
                    "test_max_bytes_refuses_a_large_article_with_a_clear_error",
                    "test_ctrl_c_leaves_the_previous_output"},
    "test_writers.py": {"test_cli_format_option_and_table_to_stdout"},
    "test_package.py": {"test_the_installed_wheel_extracts_from_another_directory",
                        "test_the_wheel_holds_every_config_and_table"},
    "test_langid.py": {"test_cli_mixed_batch"},
    "test_annotate.py": {"test_export_edit_import_evaluate_shows_exactly_the_edits",
                         "test_cli_usage_errors_and_existing_files"},
    "test_engines.py": {"test_dask_local_cluster_gives_identical_bytes"},
    "test_review.py": {"test_review_page_in_headless_chromium"},
    "test_api.py": {"test_python_dash_m_and_version"},
    "test_spacy_load.py": {"test_saved_pipeline_loads_in_a_new_process"},
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.originalname in SLOW.get(item.path.name, ()):
            item.add_marker(pytest.mark.slow)
