using DxEvents.Api.Plans;
using DxEvents.Domain.Status;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DxEvents.Api.Web.Pages;

/// <summary>What every page with a form that writes shares, the recorders' and the office's alike: the plan it changes
/// (read as the stored plan view, nothing judged), the submission key of the form as shown, and the errors beside the
/// fields they name (a refused form answers 422 and shows itself again).</summary>
public abstract class FormPage(PlanViews views) : WebPage
{
    public PlanView? Plan { get; private set; }
    public IReadOnlyList<FormError> Errors { get; protected set; } = [];
    public string Submission { get; protected set; } = PageCommands.NewSubmission();

    public FormError? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field);

    protected async Task<PlanView?> PlanAsync(string planId, CancellationToken ct)
    {
        Plan = await views.GetAsync(Tenant, planId, ct);
        Municipality(Plan?.Municipality);
        return Plan;
    }

    protected virtual PageResult Refused(IReadOnlyList<FormError> errors)
    {
        Errors = errors;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
