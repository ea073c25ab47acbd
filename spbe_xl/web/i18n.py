"""The page's words in Indonesian (the default) and English."""

from __future__ import annotations

LANGUAGES = ("id", "en")

# key: (Indonesian, English).  Values may hold str.format fields.
TEXTS: dict[str, tuple[str, str]] = {
    "title": ("spbe-xl: Evaluasi SPBE", "spbe-xl: SPBE evaluation"),
    "tagline": (
        "Baca, hitung dan tulis lembar kerja Evaluasi SPBE, di komputer Anda sendiri.",
        "Read, score and write the SPBE evaluation workbooks, on your own computer.",
    ),
    "offline": (
        "Semua berjalan di komputer ini: berkas tidak dikirim ke mana pun.",
        "Everything runs on this computer: no file is sent anywhere.",
    ),
    "upload.heading": ("Unggah lembar kerja", "Upload workbooks"),
    "upload.help": (
        "Pilih atau seret satu atau beberapa berkas (.xlsx, .xlsm, .xls, .ods): penilaian mandiri "
        "dan tindak lanjut satu instansi dibaca bersama; beberapa instansi sekaligus boleh.",
        "Choose or drop one or several files (.xlsx, .xlsm, .xls, .ods): an instansi's "
        "self-assessment and follow-up are read together; several instansi at once are fine.",
    ),
    "upload.drop": (
        "Seret berkas ke sini atau klik untuk memilih",
        "Drop files here or click to choose",
    ),
    "upload.chosen": ("{n} berkas dipilih", "{n} files chosen"),
    "upload.submit": ("Proses", "Process"),
    "upload.limits": (
        "Batas: {files} berkas, {file_mb} MB per berkas, {total_mb} MB sekali unggah. "
        "Hasil disimpan {minutes} menit di memori, berkas sementara dihapus setelah diproses.",
        "Limits: {files} files, {file_mb} MB per file, {total_mb} MB per upload. "
        "Results are kept {minutes} minutes in memory; temporary files are removed once processed.",
    ),
    "template.heading": ("Templat kosong", "Blank template"),
    "template.help": (
        "Lembar kerja resmi kosong untuk putaran evaluasi baru, dengan pilihan level.",
        "The blank official workbook for a new evaluation round, with level dropdowns.",
    ),
    "template.year": ("Tahun evaluasi", "Evaluation year"),
    "template.instansi": ("Instansi", "Instansi"),
    "template.instansi.ph": ("mis. Pemerintah Kota Contoh", "e.g. Pemerintah Kota Contoh"),
    "template.agencies": (
        "Perangkat daerah (satu per baris, boleh kosong)",
        "Agencies (one per line, may be empty)",
    ),
    "template.framework": ("Kerangka", "Framework"),
    "template.framework.auto": ("sesuai tahun", "from the year"),
    "template.paper": ("Kertas", "Paper"),
    "template.submit": ("Unduh templat", "Download template"),
    "job.heading": ("Hasil", "Results"),
    "job.waiting": ("Menunggu giliran…", "Waiting for its turn…"),
    "job.phase.reading titles": ("Membaca judul berkas", "Reading the files' titles"),
    "job.phase.converting": ("Mengonversi per instansi", "Converting each instansi"),
    "job.progress": ("{done} dari {total}", "{done} of {total}"),
    "job.nojs": (
        "Halaman ini diperbarui sendiri; jika tidak, muat ulang.",
        "This page updates itself; if not, reload it.",
    ),
    "job.failed": ("Pemrosesan gagal", "Processing failed"),
    "job.files": ("Berkas", "Files"),
    "job.status": ("Status", "Status"),
    "job.status.ok": ("berhasil", "done"),
    "job.status.failed": ("gagal", "failed"),
    "job.status.skipped": ("dilewati", "skipped"),
    "job.open": ("Lihat", "Open"),
    "job.everything": (
        "Semua hasil (.zip: lembar kerja, tabel, ringkasan)",
        "All results (.zip: workbooks, tables, summary)",
    ),
    "job.again": ("Unggah berkas lain", "Upload other files"),
    "job.unknown": (
        "Hasil ini tidak ada atau sudah kedaluwarsa.",
        "These results do not exist or have expired.",
    ),
    "col.instansi": ("Instansi", "Instansi"),
    "col.year": ("Tahun", "Year"),
    "col.index": ("Indeks", "Index"),
    "col.predicate": ("Predikat", "Predicate"),
    "col.findings": ("Temuan", "Findings"),
    "col.message": ("Keterangan", "Message"),
    "res.finding.action": ("Saran", "What to do"),
    "res.finding.detail": ("Rincian", "Detail"),
    "res.back": ("Semua hasil", "All results"),
    "res.framework": ("Kerangka", "Framework"),
    "res.index": ("Indeks SPBE", "SPBE index"),
    "res.official": ("resmi", "official"),
    "res.self": ("penilaian mandiri", "self-assessment"),
    "res.skipped": ("Tanpa level (tidak dihitung): {ids}", "No level (not scored): {ids}"),
    "res.downloads": ("Unduhan", "Downloads"),
    "res.followup": ("Lembar kerja tindak lanjut (.xlsx)", "Follow-up workbook (.xlsx)"),
    "res.tables": ("Tabel rapi (CSV dalam .zip)", "Tidy tables (CSV in a .zip)"),
    "res.chart": ("Indeks per domain dan aspek", "Index by domain and aspect"),
    "res.chart.legend.self": ("Penilaian mandiri", "Self-assessment"),
    "res.chart.legend.official": ("Resmi", "Official"),
    "res.findings": ("Temuan", "Findings"),
    "res.findings.none": ("Tidak ada temuan.", "No findings."),
    "res.findings.shown": ("{shown} dari {total} temuan", "{shown} of {total} findings"),
    "res.filter.severity": ("Tingkat", "Severity"),
    "res.filter.code": ("Kode", "Code"),
    "res.filter.all": ("semua", "all"),
    "res.filter.apply": ("Saring", "Filter"),
    "sev.error": ("galat", "error"),
    "sev.warning": ("peringatan", "warning"),
    "sev.info": ("catatan", "note"),
    "col.severity": ("Tingkat", "Severity"),
    "col.code": ("Kode", "Code"),
    "col.indicator": ("Indikator", "Indicator"),
    "col.file": ("Berkas", "File"),
    "col.sheet": ("Lembar", "Sheet"),
    "col.cell": ("Sel", "Cell"),
    "res.rollup": ("Rekap per perangkat daerah", "Rollup per agency"),
    "col.agency": ("Perangkat daerah penanggung jawab", "Responsible agency"),
    "col.n_indicators": ("Indikator", "Indicators"),
    "col.indicator_ids": ("Nomor", "Numbers"),
    "col.mean_level": ("Rata-rata level", "Mean level"),
    "col.points_now": ("Poin kini", "Points now"),
    "col.points_to_win": ("Poin yang bisa diraih", "Points to win"),
    "res.notes": ("Catatan perhitungan", "How it was computed"),
    "res.index.pemdi": ("Indeks Pemerintah Digital", "Digital Government Index"),
    "res.scale.pemdi": ("Pemdi, nilai 1,00-5,00", "Pemdi, values 1.00-5.00"),
    "res.chart.aspects": ("Indeks per aspek", "Index by aspect"),
    "res.externals": (
        "Indikator dari indeks nasional lain",
        "Indicators valued from other national indices",
    ),
    "res.externals.help": (
        "Nilainya diambil dari indeks nasional lain, bukan dari data dukung instansi sendiri: "
        "naikkan di indeks tersebut.",
        "Their values come from other national indices, not from the instansi's own evidence: "
        "raise them there.",
    ),
    "col.value": ("Nilai", "Value"),
    "col.weight": ("Bobot (%)", "Weight (%)"),
    "col.aspect": ("Aspek", "Aspect"),
    "col.name": ("Indikator", "Indicator"),
    "col.source_index": ("Indeks sumber", "Source index"),
    "col.publisher": ("Penerbit", "Published by"),
    "col.conversion": ("Konversi", "Conversion"),
    "col.mean_value": ("Rata-rata nilai", "Mean value"),
    "plan.heading": ("Rencana peningkatan indeks", "Plan to raise the index"),
    "plan.help": (
        "Langkah paling sedikit untuk mencapai target, dibagi per perangkat daerah; "
        "lembar kerjanya memuat kriteria level yang dituju dan sel RENCANA AKSI kosong.",
        "The fewest steps to reach the target, shared among the agencies; its workbook holds "
        "the criterion of each level to reach and empty RENCANA AKSI cells.",
    ),
    "plan.target": ("Target (predikat atau angka)", "Target (a predicate or a number)"),
    "plan.max_step": ("Langkah paling banyak per indikator", "Most steps per indicator"),
    "plan.increment": ("Besar satu langkah", "Size of one step"),
    "plan.increment.default": ("1,00 (bawaan)", "1.00 (default)"),
    "plan.submit": ("Hitung rencana", "Compute the plan"),
    "plan.download": ("Lembar kerja rencana (.xlsx)", "Plan workbook (.xlsx)"),
    "plan.now": ("Sekarang", "Now"),
    "plan.after": ("Setelah rencana", "After the plan"),
    "plan.steps": ("{n} langkah", "{n} steps"),
    "plan.reached": ("target {target} tercapai", "target {target} reached"),
    "plan.not_reached": ("target {target} tidak tercapai", "target {target} not reached"),
    "plan.best": ("Tertinggi yang dapat dicapai: {best}", "Best reachable: {best}"),
    "plan.by_agency": ("Langkah per perangkat daerah", "Steps per agency"),
    "plan.notes": ("Catatan rencana", "Notes on the plan"),
    "error.plan": ("Rencana tidak dapat dibuat: {reason}", "The plan could not be made: {reason}"),
    "error.heading": ("Tidak dapat diproses", "Could not be processed"),
    "error.too_many": (
        "Terlalu banyak berkas: paling banyak {n} sekali unggah.",
        "Too many files: at most {n} per upload.",
    ),
    "error.too_big": (
        "{name} terlalu besar: paling besar {mb} MB per berkas.",
        "{name} is too large: at most {mb} MB per file.",
    ),
    "error.total": (
        "Unggahan terlalu besar: paling besar {mb} MB sekali unggah.",
        "The upload is too large: at most {mb} MB per upload.",
    ),
    "error.not_workbook": (
        "{name} bukan lembar kerja (.xlsx, .xlsm, .xls, .ods).",
        "{name} is not a workbook (.xlsx, .xlsm, .xls, .ods).",
    ),
    "error.no_files": ("Tidak ada berkas yang dipilih.", "No file was chosen."),
    "error.bad_form": (
        "Formulir tidak dapat dibaca: {reason}",
        "The form could not be read: {reason}",
    ),
    "error.year": ("Tahun harus antara 2000 dan 2100.", "The year must be between 2000 and 2100."),
    "error.template": (
        "Templat tidak dapat dibuat: {reason}",
        "The template could not be made: {reason}",
    ),
    "error.cross_site": (
        "Formulir ini dikirim dari situs lain: ditolak.",
        "This form was sent from another site: refused.",
    ),
    "error.not_found": ("Halaman tidak ditemukan.", "Page not found."),
    "lang.switch": ("English", "Bahasa Indonesia"),
}


def translate(lang: str, key: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` (``id`` or ``en``), its fields filled."""
    pair = TEXTS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text
