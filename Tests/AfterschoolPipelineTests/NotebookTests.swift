import AfterschoolPipeline
import Foundation
import Testing

/// `report.ipynb` as an analyst opens it: valid nbformat 4, and it runs top
/// to bottom in a fresh Jupyter kernel (nbclient), drawing its charts; its
/// week-by-week query gives the coverage stage's figures.
@Suite("Notebook")
struct NotebookTests {
    static let script = """
        import json, os, sys
        from pathlib import Path
        import nbformat, nbclient

        os.environ.pop("MPLBACKEND", None)  # the kernel draws inline, as in Jupyter
        out = Path(sys.argv[1])
        nb = nbformat.read(out / "report.ipynb", as_version=4)
        nbformat.validate(nb)
        assert nb.nbformat == 4
        assert all(c.get("outputs", []) == [] for c in nb.cells if c.cell_type == "code"), "written executed"
        client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(out)}})
        client.execute()
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
        assert not errors, [(e.ename, e.evalue) for e in errors]
        images = sum(1 for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
        tables = sum(1 for c in nb.cells for o in c.get("outputs", []) if "text/html" in o.get("data", {}))
        streams = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if o.output_type == "stream")
        assert "方框" not in streams and "boxes" not in streams, "no CJK font: " + streams
        # The weekly query, run again here, against the coverage stage's own series.
        setup = next(c.source for c in nb.cells if c.cell_type == "code")
        os.environ["MPLBACKEND"] = "Agg"
        os.chdir(out)
        scope = {}
        exec(setup, scope)
        coverage = out / ".cache/results/coverage.json"
        if coverage.exists():
            weeks = json.loads(coverage.read_text())["weeks"]
            w = scope["weekly_counts"]()
            got = [{"participants": int(r.participants), "sport": int(r.sport), "quality": int(r.quality)} for r in w.itertuples()]
            assert got == weeks, (got, weeks)
        print(f"ok images={images} tables={tables}")
        """

    @Test("report.ipynb validates and executes in a fresh kernel, drawing the report's charts",
          arguments: [("termly-evaluation", 4), ("district-assessment", 5), ("stipend-proposal", 2)])
    func executes(pipeline: String, charts: Int) throws {
        let tmp = try TempDir("notebook")
        defer { tmp.remove() }
        let out = tmp.sub("out")
        _ = try PipelineRunner(logger: quietLogger).run(
            pipelinePath: packageRoot + "/pipelines/\(pipeline).yaml", data: sampleDataset, out: out, overrides: [])
        guard let r = try ExternalTools.python(Self.script, [out]) else {
            Issue.record("the Python environment is missing (make test makes it with nbformat, nbclient, ipykernel, pandas, matplotlib): the notebook was not run")
            return
        }
        #expect(r.status == 0, "\(r.stderr.suffix(1500))")
        let line = r.stdout.split(separator: "\n").last { $0.hasPrefix("ok ") } ?? ""
        #expect(line.contains("images=\(charts) "), "\(line)")
        // The report's charts are in the notebook too.
        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(report.components(separatedBy: "](report-charts/").count - 1 == charts)
    }
}
