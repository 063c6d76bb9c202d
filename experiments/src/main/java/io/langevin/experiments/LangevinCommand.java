package io.langevin.experiments;

import io.langevin.experiments.alice.AliceCommand;
import io.langevin.kernels.update.NonFiniteStepException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code langevin} command line: one subcommand per job (info, bench, repro, …). */
@Command(
    name = "langevin",
    mixinStandardHelpOptions = true,
    version = "langevin 0.1.0",
    description = "Bayesian deep learning kernels: SG-MCMC, subspace training and reproductions.",
    subcommands = {
      InfoCommand.class, BenchCommand.class, ReproCommand.class, ToyGaussianCommand.class,
      BnnCommand.class, IntrinsicDimCommand.class, AliceCommand.class
    })
public final class LangevinCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: bad input prints one line and exits 2, no stack trace. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LangevinCommand());
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException) {
            cmd.getErr().println("langevin " + cmd.getCommandName() + ": " + ex.getMessage());
            return 2;
          }
          if (ex instanceof NonFiniteStepException) {
            cmd.getErr().println("langevin " + cmd.getCommandName() + ": the run diverged: "
                + ex.getMessage() + "\n(a smaller step size or learning rate usually helps)");
            return 3;
          }
          throw ex;
        });
    return cli;
  }
}
