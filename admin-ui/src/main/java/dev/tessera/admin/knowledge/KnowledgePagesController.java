package dev.tessera.admin.knowledge;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.tessera.admin.ConsoleAudit;
import dev.tessera.admin.ConsoleOperator;
import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.ingest.DocumentIngester;
import dev.tessera.retrieval.ingest.IngestionJobs;
import dev.tessera.retrieval.ingest.JobQueueFullException;

/**
 * Knowledge collections of the operator's tenant: upload (a background job whose progress the page polls), list,
 * browse chunks, delete, re-index. The same services as the knowledge API.
 */
@Controller
class KnowledgePagesController {

	private final KnowledgeStore store;

	private final DocumentIngester ingester;

	private final IngestionJobs jobs;

	private final AssistantCatalog assistants;

	private final ConsoleAudit audit;

	KnowledgePagesController(KnowledgeStore store, DocumentIngester ingester, IngestionJobs jobs,
			AssistantCatalog assistants, ConsoleAudit audit) {
		this.store = store;
		this.ingester = ingester;
		this.jobs = jobs;
		this.assistants = assistants;
		this.audit = audit;
	}

	@GetMapping("/admin/knowledge")
	String collections(@RequestParam(required = false) String collection) {
		String first = collection != null ? collection
				: this.assistants.all().stream().map(AssistantDefinition::collection).sorted().findFirst().orElse("default");
		return "redirect:/admin/knowledge/" + first;
	}

	@GetMapping("/admin/knowledge/{collection}")
	String collection(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String collection,
			@RequestParam(required = false) String job, Model model) {
		TreeSet<String> names = new TreeSet<>();
		this.assistants.all().forEach(a -> names.add(a.collection()));
		names.add(collection);
		model.addAttribute("collections", names);
		model.addAttribute("collection", collection);
		model.addAttribute("documents", this.store.documents(operator.tenant(), collection));
		if (job != null) {
			this.jobs.status(job).filter(s -> s.tenant().equals(operator.tenant())).ifPresent(s -> model.addAttribute("job", s));
		}
		return "console/knowledge";
	}

	/** The job's progress, as a fragment the page polls until the job has finished. */
	@GetMapping("/admin/knowledge/jobs/{id}")
	String job(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String id, Model model) {
		this.jobs.status(id).filter(s -> s.tenant().equals(operator.tenant())).ifPresent(s -> model.addAttribute("job", s));
		return "console/knowledge :: job";
	}

	@PostMapping("/admin/knowledge/{collection}/documents")
	String upload(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String collection,
			@RequestParam("file") List<MultipartFile> files, HttpServletRequest request, Model model,
			RedirectAttributes redirect) throws IOException {
		List<IngestionJobs.Upload> uploads = new ArrayList<>();
		for (MultipartFile file : files) {
			if (!file.isEmpty()) {
				uploads.add(new IngestionJobs.Upload(file.getOriginalFilename(), file.getBytes()));
			}
		}
		if (uploads.isEmpty()) {
			redirect.addFlashAttribute("error", "Choose at least one file.");
			return "redirect:/admin/knowledge/" + collection;
		}
		String id;
		try {
			id = this.jobs.submit(operator.tenant(), collection, uploads);
		}
		catch (JobQueueFullException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
			return "redirect:/admin/knowledge/" + collection;
		}
		this.audit.record(operator, "knowledge.upload", "collection/" + collection, null,
				String.join(", ", uploads.stream().map(IngestionJobs.Upload::fileName).toList()));
		if (request.getHeader("HX-Request") != null) {
			return job(operator, id, model);
		}
		return "redirect:/admin/knowledge/" + collection + "?job=" + id;
	}

	@GetMapping("/admin/knowledge/{collection}/documents/{documentId}")
	String chunks(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String collection,
			@PathVariable String documentId, Model model) {
		model.addAttribute("collection", collection);
		model.addAttribute("documentId", documentId);
		model.addAttribute("chunks", this.store.documentChunks(operator.tenant(), collection, documentId));
		return "console/chunks";
	}

	@PostMapping("/admin/knowledge/{collection}/documents/{documentId}/delete")
	String delete(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String collection,
			@PathVariable String documentId, RedirectAttributes redirect) {
		if (this.ingester.delete(operator.tenant(), collection, documentId)) {
			this.audit.record(operator, "knowledge.delete", "document/" + collection + "/" + documentId, documentId,
					null);
			redirect.addFlashAttribute("notice", "Deleted " + documentId + ".");
		}
		else {
			redirect.addFlashAttribute("error", "No document " + documentId + " in " + collection + ".");
		}
		return "redirect:/admin/knowledge/" + collection;
	}

	@PostMapping("/admin/knowledge/{collection}/reindex")
	String reindex(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String collection,
			RedirectAttributes redirect) {
		try {
			String id = this.jobs.submitReindex(operator.tenant(), collection);
			this.audit.record(operator, "knowledge.reindex", "collection/" + collection, null, null);
			return "redirect:/admin/knowledge/" + collection + "?job=" + id;
		}
		catch (JobQueueFullException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
			return "redirect:/admin/knowledge/" + collection;
		}
	}

}
